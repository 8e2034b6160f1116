"""The theme (templates, assets, script sources, strings), installed as the package handbook.theme."""
