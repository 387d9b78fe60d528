#!/usr/bin/python3
"""The neuron pass stays vectorized (core/wide_vectors.hpp, neuron/neuron_population.hpp): in the disassembly of
src/neuron/factory.cpp's object, taken from the plastix library,

- every AVX-512 form of the LIF pass (neuron_population<lif>::pass_wide<method, drive>) uses 512-bit registers (zmm);
- every default form of the LIF pass (pass_default) uses packed double arithmetic (mulpd/vmulpd), i.e. is vectorized
  with the instruction set of the build (AVX2 with -march=native on this machine, SSE2 without);
- no function other than a pass_wide uses a zmm register: AVX-512 does not leak into code that runs on CPUs
  without it (the project is built with -mno-avx512f; CMakeLists.txt says why).

A flag or code change that silently loses the vectorization (as -mno-avx512f once did, docs/performance.md) fails
here. The script fails too when it finds none of these functions, so that it cannot pass by finding nothing.

    check_wide_kernels.py LIBRARY [OBJDUMP]
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def disassembly(library, objdump):
    members = subprocess.run(["ar", "t", library], capture_output=True, text=True, check=True).stdout.split()
    factory = [m for m in members if m.startswith("factory.cpp.")]
    if len(factory) != 1:
        sys.exit(f"expected one factory.cpp object in {library}, found {factory}")
    with tempfile.TemporaryDirectory() as tmp:
        obj = Path(tmp) / factory[0]
        obj.write_bytes(subprocess.run(["ar", "p", library, factory[0]], capture_output=True, check=True).stdout)
        return subprocess.run([objdump, "-d", "-C", "--no-show-raw-insn", str(obj)], capture_output=True, text=True,
                              check=True).stdout


def functions(text):
    """{name: [instruction lines]} from objdump's output."""
    out, name = {}, None
    for line in text.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            name = m.group(1)
            out.setdefault(name, [])
        elif name is not None and line.startswith(" "):
            out[name].append(line)
    return out


def main():
    library = sys.argv[1]
    objdump = sys.argv[2] if len(sys.argv) > 2 else "objdump"
    funcs = functions(disassembly(library, objdump))
    wide = {n: body for n, body in funcs.items() if "neuron_population<plastix::lif>::pass_wide<" in n}
    default = {n: body for n, body in funcs.items() if "neuron_population<plastix::lif>::pass_default<" in n}
    problems = []
    if not wide or not default:
        problems.append(f"found {len(wide)} pass_wide and {len(default)} pass_default functions of the LIF pass")
    for n, body in wide.items():
        if not any("zmm" in line for line in body):
            problems.append(f"no zmm register in {n}")
    for n, body in default.items():
        if not any(re.search(r"\bv?mulpd\b", line) for line in body):
            problems.append(f"no packed double multiply (mulpd) in {n}")
    for n, body in funcs.items():
        if "::pass_wide<" not in n and any("zmm" in line for line in body):
            problems.append(f"zmm register outside the wide pass, in {n}")
    for p in problems:
        print(p)
    print(f"{len(wide)} wide and {len(default)} default LIF passes checked: "
          f"{'FAILED' if problems else 'vectorized as intended'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
