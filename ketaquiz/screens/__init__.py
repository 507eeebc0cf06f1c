"""Everything ketaquiz shows in a terminal, a room per audience: the learner, the reviewing
educator, the workshop's projector and the room joining it, progress; and what they share."""
