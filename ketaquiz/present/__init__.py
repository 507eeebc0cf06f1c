"""`ketaquiz present`: the workshop's loop, its screen drivers and its save file, a room each."""
