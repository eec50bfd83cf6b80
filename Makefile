# Thin entry points; the work is done by scripts/dev.py.
PYTHON ?= python3

.PHONY: run test lint bench-finess bench-matching bench-proposals bench-cv-search bench-report bench-communes stop
run:
	$(PYTHON) scripts/dev.py run
test:
	$(PYTHON) scripts/dev.py test
lint:
	bash scripts/lint.sh
bench-finess:
	$(PYTHON) scripts/dev.py bench finess
bench-matching:
	$(PYTHON) scripts/dev.py bench matching
bench-proposals:
	$(PYTHON) scripts/dev.py bench proposals
bench-cv-search:
	$(PYTHON) scripts/dev.py bench cv-search
bench-report:
	$(PYTHON) scripts/dev.py bench report
bench-communes:
	$(PYTHON) scripts/dev.py bench communes
stop:
	$(PYTHON) scripts/dev.py stop
