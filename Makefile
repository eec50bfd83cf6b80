# Thin entry points; the work is done by scripts/dev.py.
PYTHON ?= python3

.PHONY: run test lint bench-finess bench-matching bench-proposals bench-cv-search bench-report bench-communes bench-accept backup restore load stop
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
bench-accept:
	$(PYTHON) scripts/dev.py bench accept
load:
	$(PYTHON) scripts/dev.py load
# make backup [DB=reserve]; make restore FILE=var/backups/….zip [DB=reserve] [FORCE=1]
backup:
	$(PYTHON) scripts/dev.py backup $(if $(DB),--db $(DB))
restore:
	$(PYTHON) scripts/dev.py restore "$(FILE)" $(if $(DB),--db $(DB)) $(if $(FORCE),--force)
stop:
	$(PYTHON) scripts/dev.py stop
