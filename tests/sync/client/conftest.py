from __future__ import annotations

import keyring
import pytest

from tests.sync.client.support import install_memory_keyring


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = install_memory_keyring()
    yield backend
    keyring.set_keyring(previous)
