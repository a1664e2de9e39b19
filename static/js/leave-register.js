/* The attendance register grid (templates/leave/register.html): arrow keys move between
   cells, digit keys pick a code (the option at that position; 0, Delete or Backspace clear)
   and move on; choosing "absent without leave" moves to the reason. Each cell saves itself
   through htmx. A plain cell comes as its short code only (<td class="e c-CODE">, to keep
   a month of a large department small): it is made focusable here, and focusing or clicking it
   puts the select from the page's <template id="register-choices"> into it, named and
   addressed like a select the server renders. */
(function () {
  "use strict";

  // Each plain cell gets the id and the tab stop a cell the server renders has (td814-1102).
  function plainCells() {
    document.querySelectorAll("table.register").forEach(function (table) {
      var days = Array.prototype.map.call(table.tHead.rows[0].children, function (th) { return th.dataset.d; });
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, col) {
          if (td.classList.contains("e")) {
            td.id = "td" + tr.dataset.p + "-" + days[col].slice(5, 7) + days[col].slice(8);
            td.tabIndex = 0;
          }
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", plainCells);
  } else {
    plainCells();
  }

  function activate(td) {
    var table = td.closest("table.register");
    var tr = td.parentElement;
    var day = table.tHead.rows[0].children[Array.prototype.indexOf.call(tr.children, td)].dataset.d;
    var select = document.getElementById("register-choices").content.firstElementChild.cloneNode(true);
    var code = Array.prototype.find.call(td.classList, function (c) { return c.indexOf("c-") === 0; });
    select.id = "c" + td.id.slice(2);
    select.value = code ? code.slice(2) : "";
    select.setAttribute("hx-post", table.dataset.cells + tr.dataset.p + "/" + day);
    select.setAttribute("aria-label", tr.dataset.name + " " + Number(day.slice(5, 7)) + "/" + Number(day.slice(8)));
    td.classList.remove("e");
    td.removeAttribute("tabindex");
    td.textContent = "";
    td.appendChild(select);
    htmx.process(select);
    return select;
  }

  function codeSelect(td) {
    if (!td) { return null; }
    return td.classList.contains("e") ? activate(td) : td.querySelector("select.code");
  }

  document.addEventListener("focusin", function (event) {
    var td = event.target;
    if (td instanceof HTMLElement && td.matches("table.register td.e")) { activate(td).focus(); }
  });

  function move(from, dRow, dCol) {
    var td = from.closest("td");
    var tr = td.parentElement;
    var col = Array.prototype.indexOf.call(tr.children, td);
    var target = null;
    if (dCol) {
      for (var i = col + dCol; !target && i >= 0 && i < tr.children.length; i += dCol) {
        target = codeSelect(tr.children[i]);
      }
    } else {
      var row = tr;
      while (!target && (row = dRow > 0 ? row.nextElementSibling : row.previousElementSibling)) {
        target = codeSelect(row.children[col]);
      }
    }
    if (target) { target.focus(); }
    return target;
  }

  document.addEventListener("keydown", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.closest("table.register")) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    var arrows = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    if (arrows[key]) {
      event.preventDefault();
      move(select, arrows[key][0], arrows[key][1]);
      return;
    }
    var index = /^[0-9]$/.test(key) ? Number(key) : (key === "Delete" || key === "Backspace") ? 0 : -1;
    if (index < 0 || index >= select.options.length) { return; }
    event.preventDefault();
    var isCode = select.classList.contains("code");
    if (select.selectedIndex !== index) {
      select.selectedIndex = index;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (isCode && select.value !== "absent") {
      move(select, 0, 1);
    } else if (!isCode && select.value) {
      move(select, 0, 1);
    }
  });

  // After a cell is swapped in: if it now asks for the reason and the user was in it, go there.
  document.addEventListener("htmx:load", function (event) {
    var td = event.target;
    if (!(td instanceof HTMLElement) || !td.matches("td.cell")) { return; }
    var reason = td.querySelector("select.reason");
    if (reason && !reason.value && td.contains(document.activeElement)) { reason.focus(); }
  });
}());
