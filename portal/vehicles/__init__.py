"""Vehicles and the gate (regulation 3 车辆管理制度): the fleet, requests for a car and their
dispatch in the regulation's order, trips that never double-book a car or a driver, and the
guard's gate log."""
