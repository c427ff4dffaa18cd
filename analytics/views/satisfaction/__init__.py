"""The managers' satisfaction dashboard (domain.md section 6): CSI with its band, the attribute
table, the IPA diagram, quadrant lists with the stance to take, trends across rounds, filters by
region and partner type, an XLSX export and a printable report.

Results are read from the stored CSI/IPA analysis runs of a survey round; nothing is computed here
except the layout. Every round comes through surveys.selectors.rounds_visible_to and every run
through scope_for, so a manager of one mill never reaches another mill's rounds or results.

Modules: filters (scoping and the filter that picks a run), results (one result laid out for the
pages), trend (across rounds), dashboard (the pages) and exports (report and XLSX).
"""
