#!/usr/bin/python3
"""Fails when a header or source of plastix includes a folder above its own.

The order of the layers is read from include/plastix/LAYERS (one folder per line, lowest first, '#' starts a
comment). Every `#include "plastix/<folder>/..."` in include/plastix/<layer>/** and src/<layer>/** is checked; in
src/<layer>/**, a local include (`#include "name.hpp"` without a plastix/ prefix) belongs to that same folder.
A file may include its own layer and any layer below it.

Usage: check_layers.py [ROOT]   (ROOT: the repository, holding include/plastix/LAYERS; default: two folders up)
Exit status 0 when no upward include is found, 1 (listing each `file:line -> header`) otherwise.
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def read_layers(root):
    path = root / "include" / "plastix" / "LAYERS"
    layers = []
    for line in path.read_text().splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            layers.append(name)
    if not layers:
        raise SystemExit(f"{path}: no layers listed")
    return {name: rank for rank, name in enumerate(layers)}


def included_layer(header, own_layer, local_allowed):
    """The layer of an included header, or None when it is not a plastix folder."""
    parts = header.split("/")
    if parts[0] == "plastix":
        return parts[1] if len(parts) > 2 else None
    return own_layer if local_allowed else None


def upward_includes(root):
    """Every (file, line number, header, its layer, the file's layer) that includes a higher layer."""
    rank = read_layers(root)
    found = []
    unknown = []
    for base, local_allowed in ((root / "include" / "plastix", False), (root / "src", True)):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.suffix not in (".hpp", ".cpp", ".h", ".in"):
                continue
            own = path.relative_to(base).parts[0]
            if own not in rank:
                unknown.append(path.relative_to(root))
                continue
            for number, text in enumerate(path.read_text().splitlines(), start=1):
                match = INCLUDE.match(text)
                if not match:
                    continue
                layer = included_layer(match.group(1), own, local_allowed)
                if layer is None:
                    continue
                if layer not in rank:
                    unknown.append(f"{path.relative_to(root)}:{number} -> {match.group(1)}")
                elif rank[layer] > rank[own]:
                    found.append((path.relative_to(root), number, match.group(1), layer, own))
    return found, unknown


def main(argv):
    root = pathlib.Path(argv[1]) if len(argv) > 1 else pathlib.Path(__file__).resolve().parents[2]
    found, unknown = upward_includes(root)
    for item in unknown:
        print(f"not a layer listed in include/plastix/LAYERS: {item}")
    for path, number, header, layer, own in found:
        print(f"{path}:{number} -> {header}  ({own}/ includes {layer}/, which is above it)")
    if found or unknown:
        print(f"{len(found)} upward include(s), {len(unknown)} file(s) or include(s) outside the layers")
        return 1
    print("no upward includes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
