"""Pupils and their SEN files: the register, a pupil's details, parents and carers, outside
agencies, plans (APDR cycles and EHC plans), the whole record for one pupil, census codes,
importing from the MIS, exporting, retention and subject access requests."""
