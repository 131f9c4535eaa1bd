"""Helpers for the per-app registries of tests/test_tenant_isolation.py."""


def pk(obj_name: str, **extra):
    """kwargs builder for a URL: {"pk": world.<side>_<obj_name>.pk, key: world.<side>_<name>.pk, ...}."""

    def build(world, side):
        kwargs = {"pk": getattr(world, f"{side}_{obj_name}").pk}
        for key, name in extra.items():
            kwargs[key] = getattr(world, f"{side}_{name}").pk
        return kwargs

    return build


def granted(obj_name: str, **extra):
    """kwargs builder for a granted URL: {"pk": world.<side>_<obj_name>.pk, **extra}; the object is
    shared by its organisation in the three-party tests."""

    def build(world, side):
        return {"pk": getattr(world, f"{side}_{obj_name}").pk, **extra}

    build.object_name = obj_name
    return build
