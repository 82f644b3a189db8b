"""Transition packs for a pupil's move to a new class or setting: building a pack and its stages
(packs), starting early and seeing how far each has got (tracker), and printing (printing)."""
