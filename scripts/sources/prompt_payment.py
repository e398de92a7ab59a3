"""Trafford Council's prompt payment of invoices, a legal duty.

Raw file: ``council_open_data/prompt_payment/prompt_payment.csv`` (Trafford
Council, published by Trafford Data Lab), one row per financial year 2017/18 to
2024/25, with its column descriptions in ``prompt_payment.csv-metadata.json``
and ``README.md``. Trafford only: no other council's return is in the snapshot.

Columns used: ``ProportionPaidOnTime`` (% of valid and undisputed invoices paid
within 30 days, Public Contracts Regulations 2015 regulation 113(7)),
``NumberNotPaidOnTime`` (invoices not paid within 30 days) and
``LiableInterest`` (late-payment interest the council was liable for, £).

Judgements:

* The total number of invoices is not published, so the percentage has no
  numerator or denominator (working one out from the count not paid would be a
  made-up figure: the publisher notes that not every invoice paid late was
  checked for disputes, so the count is not exactly the complement of the
  percentage). The count not paid on time and the interest are kept as
  indicators of their own.
* ``InterestPaid`` is 0 in every year; the description says so rather than
  making it an indicator.
* The law sets the 30-day term but no percentage to reach, so there is no
  statutory threshold.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import conform, observations, parse_values, year_label

__all__ = ["INDICATORS", "SOURCE", "build"]

_DIR = "council_open_data/prompt_payment"
SOURCE = {
    "id": "trafford_prompt_payment",
    "publisher": "Trafford Council (council_open_data, Trafford Data Lab)",
    "repository": "traffordDataLab/council_open_data",
    "commit": "fe5479dc2923a44d46ce8dd87eb3cdce65bc9cc8",
    "licence": "OGL v3 (per the dataset README and the repository README)",
    "files": [f"{_DIR}/prompt_payment.csv", f"{_DIR}/prompt_payment.csv-metadata.json",
              f"{_DIR}/README.md"],
    "notes": "Trafford only, financial years 2017/18 to 2024/25; published under the Public "
             "Contracts Regulations 2015.",
}
COUNCIL = "E08000009"
_BASIS = ("Public Contracts Regulations 2015, regulation 113 (valid and undisputed invoices "
          "to be paid within 30 days); Late Payment of Commercial Debts (Interest) Act 1998")
_SOURCE_TEXT = "Trafford Council, prompt payment data (council_open_data)"
_SERVICE = "Finance"
INDICATORS = [
    {
        "indicator_id": "invoices_paid_in_30_days",
        "title": "Valid and undisputed invoices paid within 30 days (%)",
        "short_title": "Invoices paid in 30 days",
        "unit": "percent", "polarity": "higher_is_better", "decimal_places": 1,
        "frequency": "financial_year", "source": _SOURCE_TEXT, "licence": "OGL v3",
        "enquiry_lines": "legal_duties;finance", "service": _SERVICE,
        "statutory_basis": _BASIS,
        "description": "Share of valid and undisputed invoices the council paid within 30 "
                       "days in the financial year, as it must under regulation 113(7) of "
                       "the Public Contracts Regulations 2015; suppliers paid late may claim "
                       "interest under the Late Payment of Commercial Debts (Interest) Act "
                       "1998. The law sets no percentage to reach. The number of invoices "
                       "is not published. Trafford only.",
    },
    {
        "indicator_id": "invoices_not_paid_in_30_days",
        "title": "Invoices not paid within 30 days (number)",
        "short_title": "Invoices paid late",
        "unit": "count", "polarity": "lower_is_better", "decimal_places": 0,
        "frequency": "financial_year", "source": _SOURCE_TEXT, "licence": "OGL v3",
        "enquiry_lines": "legal_duties;finance", "service": _SERVICE,
        "statutory_basis": _BASIS,
        "description": "Number of invoices not paid within 30 days in the financial year. "
                       "The council publishes it for transparency (there is no duty to): "
                       "not every invoice paid after 30 days was checked for a dispute, so "
                       "some may have been disputed and not late. Trafford only.",
    },
    {
        "indicator_id": "late_payment_interest_liable",
        "title": "Late-payment interest the council was liable to pay suppliers (£)",
        "short_title": "Late-payment interest due",
        "unit": "gbp", "polarity": "lower_is_better", "decimal_places": 0,
        "frequency": "financial_year", "source": _SOURCE_TEXT, "licence": "OGL v3",
        "enquiry_lines": "finance", "service": _SERVICE,
        "statutory_basis": _BASIS,
        "description": "Total interest, in pounds, the council was liable to pay suppliers "
                       "(whether or not paid, under any statutory or other requirement) "
                       "because invoices were not paid within 30 days. The interest "
                       "actually paid was £0 in every year published. Trafford only.",
    },
]
_COLUMNS = {
    "invoices_paid_in_30_days": "ProportionPaidOnTime",
    "invoices_not_paid_in_30_days": "NumberNotPaidOnTime",
    "late_payment_interest_liable": "LiableInterest",
}


def build(raw: Path) -> dict[str, pd.DataFrame]:
    frame = pd.read_csv(Path(raw) / SOURCE["files"][0], dtype=str, keep_default_na=False)
    years = frame["FinancialYear"].str.extract(r"^(\d{4})/\d{2}$", expand=False)
    if years.isna().any() or years.duplicated().any():
        raise ValueError(f"{SOURCE['files'][0]}: years not one of each, like 2017/18")
    if frame["OrganisationLabel"].ne("Trafford Council").any():
        raise ValueError(f"{SOURCE['files'][0]}: a row is not Trafford Council's")
    periods = years.astype(int).map(lambda year: year_label("financial_year", year))
    parts = []
    for indicator_id, column in _COLUMNS.items():
        parsed = parse_values(frame[column])
        parts.append(pd.DataFrame({
            "area_code": COUNCIL, "indicator_id": indicator_id, "period": periods,
            "value": parsed["value"], "status": parsed["status"],
            "status_reason": parsed["status_reason"],
        }))
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(pd.concat(parts, ignore_index=True))}
