# Thin entry points; the work is done by scripts/dev.py.
PYTHON ?= python3

.PHONY: run test lint bench-finess stop
run:
	$(PYTHON) scripts/dev.py run
test:
	$(PYTHON) scripts/dev.py test
lint:
	bash scripts/lint.sh
bench-finess:
	$(PYTHON) scripts/dev.py bench finess
stop:
	$(PYTHON) scripts/dev.py stop
