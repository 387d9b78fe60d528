"""plastix: Python side of the plastix synaptic-plasticity simulator (figures and reports of run outputs)."""

__all__ = ["figures", "results"]
