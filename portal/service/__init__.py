"""The customer-service desk (regulations 5, 6, 8, 9, 11 and 13): households, the first-contact
ledger, tickets against the promised time limits, complaints that are never altered."""
