"""The reconciliation bench's match done by pandas, as a spreadsheet-minded analyst would:
read_csv of the statement, the profile's payments read from the ledger file (sqlite3 +
read_sql), an outer merge on the gateway id, then the classes the console reports (matched,
amount / status / fee mismatch, another merchant, duplicate, missing either way).

Usage: recon_pandas.py STATEMENT.csv LEDGER.sqlite PROFILE_ID ENTITY_ID FEE_BASIS_POINTS FEE_FIXED_MINOR
Prints one JSON object: the times (ms) of each step and the rows per class.
"""

import json
import sqlite3
import sys
import time

import numpy as np
import pandas as pd


def main() -> None:
    statement_file, ledger_file, profile_id, entity_id = sys.argv[1:5]
    basis_points, fixed_minor = int(sys.argv[5]), int(sys.argv[6])

    started = time.perf_counter()
    statement = pd.read_csv(
        statement_file,
        usecols=["id", "entityId", "merchantTransactionId", "paymentType", "amount", "currency", "result.code", "fee", "netAmount"],
        dtype={"id": str, "entityId": str, "merchantTransactionId": str, "paymentType": str, "currency": str, "result.code": str},
    )
    read_csv_ms = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with sqlite3.connect(f"file:{ledger_file}?mode=ro", uri=True) as connection:
        ledger = pd.read_sql(
            "SELECT id, gateway_transaction_id, amount_minor, currency, status FROM payments WHERE profile_id = ?",
            connection,
            params=(profile_id,),
        )
    read_ledger_ms = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    # Major units with two decimals (EUR) to minor units, rounded as the console reads them.
    statement["amount_minor"] = np.rint(statement["amount"] * 100).astype("int64")
    statement["fee_minor"] = np.rint(statement["fee"] * 100).astype("int64")
    statement["net_minor"] = np.rint(statement["netAmount"] * 100).astype("int64")
    code = statement["result.code"]
    statement["succeeded"] = code.str.match(r"^(000\.000\.|000\.100\.1|000\.3|000\.6)")

    other_merchant = statement["entityId"] != entity_id
    duplicate = statement.duplicated("id", keep="first") & ~other_merchant
    ours = statement[~other_merchant & ~duplicate]
    merged = ours.merge(ledger, how="outer", left_on="id", right_on="gateway_transaction_id", indicator=True, suffixes=("", "_ledger"))

    both = merged["_merge"] == "both"
    expected_fee = (merged["amount_minor"] * basis_points + 5000) // 10000 + fixed_minor
    moved = merged["status"].isin(["authorized", "partially_captured", "captured", "partially_refunded", "refunded"])
    amount_mismatch = both & ((merged["amount_minor"] != merged["amount_minor_ledger"]) | (merged["currency"] != merged["currency_ledger"]))
    status_mismatch = both & ~amount_mismatch & (merged["succeeded"] != moved)
    fee_mismatch = both & ~amount_mismatch & ~status_mismatch & (
        (merged["net_minor"] != merged["amount_minor"] - merged["fee_minor"]) | (merged["fee_minor"] != expected_fee)
    )
    classes = np.select(
        [merged["_merge"] == "left_only", merged["_merge"] == "right_only", amount_mismatch, status_mismatch, fee_mismatch],
        ["missing_in_ledger", "missing_in_file", "amount_mismatch", "status_mismatch", "fee_difference"],
        default="matched",
    )
    counts = pd.Series(classes).value_counts().to_dict()
    counts["missing_in_ledger"] = counts.get("missing_in_ledger", 0) + int(other_merchant.sum())
    counts["duplicate"] = counts.get("duplicate", 0) + int(duplicate.sum())
    merge_ms = (time.perf_counter() - started) * 1000

    print(json.dumps({
        "readCsvMs": read_csv_ms,
        "readLedgerMs": read_ledger_ms,
        "mergeMs": merge_ms,
        "rows": int(len(statement)),
        "classes": {key: int(value) for key, value in counts.items()},
        "pandas": pd.__version__,
    }))


if __name__ == "__main__":
    main()
