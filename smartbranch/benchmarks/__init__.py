"""Benchmarks behind `smartbranch bench`."""


def settings_for(url: str):
    """The default settings pointed at a benchmark's own database, whatever the environment."""
    from shared.settings import load_settings

    return load_settings("default", environ={}, overrides={"database": {"url": url}})
