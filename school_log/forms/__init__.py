"""What a person or a script hands us, checked before anything is written: the forms, their field
types, and their problems listed at once."""
