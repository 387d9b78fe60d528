# The two commands: `make demo` and `make test`. Both install what is missing, build (Release), then run.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON := /usr/bin/python3
PLASTIX := $(BUILD)/bin/plastix

.PHONY: all deps build test demo gallery bench clean sanitize

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DPLASTIX_PYTHON=$(PYTHON) > $(BUILD).cmake.log 2>&1 \
	  || { cat $(BUILD).cmake.log; exit 1; }
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

demo: build
	$(PLASTIX) run experiments/coba.toml -o results/coba
	$(PLASTIX) run experiments/stdp_window.toml -o results/stdp_window
	$(PLASTIX) run experiments/memory_consolidation.toml -o results/memory_consolidation
	@echo
	@PYTHONPATH=python $(PYTHON) -m plastix.story results/memory_consolidation

# docs/gallery.md and docs/gallery/*.png: every ready experiment run and its main figure drawn (a few minutes).
gallery: build
	@PYTHONPATH=python $(PYTHON) -m plastix.gallery --plastix $(PLASTIX) --results results/gallery

bench: build
	$(PYTHON) bench/coba_vs_brian2.py --plastix $(PLASTIX)
	$(PYTHON) bench/coba_stdp_vs_brian2.py --plastix $(PLASTIX)

# Address and undefined-behaviour sanitizer build of the tests.
sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPLASTIX_SANITIZE=ON -DPLASTIX_PYTHON=$(PYTHON) > /dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ctest --output-on-failure -j$(JOBS) -L unit

clean:
	rm -rf $(BUILD) $(BUILD).cmake.log build-asan
