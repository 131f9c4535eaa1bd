import pytest


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    """Uploads of these tests go to a temporary folder, never to var/uploads."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
