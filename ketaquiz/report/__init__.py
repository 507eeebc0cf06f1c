"""`ketaquiz report`: what a workshop changed, from its save files, as HTML with charts, CSV or JSON."""
