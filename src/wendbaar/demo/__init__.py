"""Self-written demo data, loaded into an empty portal and always marked as demo."""
