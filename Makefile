# The two commands: `make demo` and `make test`. Everything else is CMake.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local

.PHONY: all deps build demo test test-asan test-valgrind unit install format format-check clean

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/ward demo

# Every test, then every test again under ASan + UBSan, the unit tests and a
# client/server run under valgrind, and a fuzz smoke run.
test: build format-check
	cd $(BUILD) && ctest --output-on-failure -j 1
	$(MAKE) test-asan
	$(MAKE) test-valgrind
	$(MAKE) fuzz-smoke

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DWARD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j 1

# valgrind memcheck over the normal build: every unit test program, then a ward
# server and two clients (TLS 1.3, 1.2) on 127.0.0.1. Fails on any memory error
# or definite/indirect leak (suppressions: scripts/valgrind.supp).
test-valgrind: build
	bash scripts/valgrind-unit.sh $(BUILD)
	bash scripts/valgrind-session.sh $(BUILD)

unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit -R unit/

# ward vs OpenSSL libssl, same process (bench/); not part of `make test`.
.PHONY: bench
bench: build
	./$(BUILD)/ward-bench

install: build
	cmake --install $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	@bash scripts/format-check.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# ---- fuzzing (tests/fuzz/, clang + libFuzzer) ----
FUZZ_BUILD ?= $(CURDIR)/build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_ENGINE_SECONDS ?= $(FUZZ_SECONDS)
FUZZ_TARGETS = record_header client_hello server_hello encrypted_extensions certificate \
  certificate_verify certificate_request new_session_ticket misc extensions trace \
  tls12_messages session heartbeat record_aead record_cbc server_engine client_engine
# New inputs and crash artifacts go to $(FUZZ_BUILD)/, never into the source tree;
# the checked-in seeds in tests/fuzz/corpus/ are only read.
FUZZ_RUN = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$(CURDIR)/tests/fuzz/ubsan.supp

.PHONY: fuzz fuzz-smoke fuzz-build

fuzz-build:
	cmake -S tests/fuzz -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

# Every target for FUZZ_SECONDS each (the two whole-engine targets for
# FUZZ_ENGINE_SECONDS); stops at the first crash, leak or UB report.
# e.g. make fuzz FUZZ_SECONDS=120 FUZZ_ENGINE_SECONDS=300 [FUZZ_TARGETS="a b"]
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  case $$t in *_engine) s=$(FUZZ_ENGINE_SECONDS);; *) s=$(FUZZ_SECONDS);; esac; \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts && \
	  echo "== fuzz_$$t for $${s}s" && \
	  $(FUZZ_RUN) $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$$s -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# FUZZ_SMOKE_SECONDS (3) per target on its corpus, JOBS targets at a time;
# fails on any crash, leak or UB report (the end of its log is shown).
FUZZ_SMOKE_SECONDS ?= 3
fuzz-smoke: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/artifacts && rm -f $(FUZZ_BUILD)/smoke/*.failed; \
	printf '%s\n' $(FUZZ_TARGETS) | xargs -P $(JOBS) -I{} sh -c '\
	  mkdir -p $(FUZZ_BUILD)/smoke/{} && \
	  $(FUZZ_RUN) $(FUZZ_BUILD)/fuzz_{} -max_total_time=$(FUZZ_SMOKE_SECONDS) \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/{}- \
	    $(FUZZ_BUILD)/smoke/{} tests/fuzz/corpus/{} > $(FUZZ_BUILD)/smoke/{}.log 2>&1 && \
	  echo "== fuzz_{} (smoke): ok" || \
	  { touch $(FUZZ_BUILD)/smoke/{}.failed; echo "== fuzz_{} (smoke): FAILED"; \
	    tail -n 40 $(FUZZ_BUILD)/smoke/{}.log; }'; \
	fail=$$(cd $(FUZZ_BUILD)/smoke && ls *.failed 2>/dev/null | sed 's/\.failed$$//'); \
	if [ -n "$$fail" ]; then echo "fuzz-smoke: FAILED:" $$fail; exit 1; fi; \
	echo "fuzz-smoke: all passed"
