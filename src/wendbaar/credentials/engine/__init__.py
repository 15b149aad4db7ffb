"""The credentials engine: plain Python, no Django.

Modules, each named for what it does: ``document_loader`` (shipped JSON-LD contexts
only), ``jsonld_safety`` (limits and safe expansion), ``multikey`` (key encodings),
``dids`` (did:key, did:web), ``keys`` (signers, encryption at rest, rotation),
``proofs`` (eddsa-rdfc-2022, eddsa-jcs-2022), ``status_list`` (revocation),
``openbadges`` (OB 3.0 credentials and presentations), ``verify`` (verdicts) and
``edubadges`` (reading SURF edubadges). docs/credentials.md describes the design.
"""
