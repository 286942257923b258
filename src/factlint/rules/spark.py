"""Spark for the rule stage: ``factlint validate --engine spark``.

Imported only when that engine is asked for (pyspark is the optional extra
``factlint[spark]``). The rules themselves do not change: the same typed
tables and the same ``checks/`` run through Great Expectations' Spark
datasource; only the DataFrames are Spark's. They are made from the typed
pandas tables with Arrow on and an explicit schema from the declared column
types (``rules/tables/columns.py``), so a null stays null (without Arrow a
missing number becomes NaN, which is not null to Spark) and an empty table
keeps its string columns.

The master is ``--spark-master``, else ``FACTLINT_SPARK_MASTER``, else
``local[*]`` (every core of this machine); point it at a cluster with e.g.
``spark://host:7077`` or ``yarn``. Any other Spark setting comes the usual
way (``$SPARK_CONF_DIR/spark-defaults.conf``).
"""

from __future__ import annotations

import os
from typing import Any

from factlint.rules.catalog import RuleSetupError

ENV_MASTER = "FACTLINT_SPARK_MASTER"
DEFAULT_MASTER = "local[*]"


def config(master: str | None = None) -> dict[str, str]:
    """The Spark settings factlint needs (given to GX's datasource and to the session)."""
    chosen = master or os.environ.get(ENV_MASTER) or DEFAULT_MASTER
    settings = {
        "spark.master": chosen,
        "spark.app.name": "factlint",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        # Fail closed: never fall back to the row-by-row conversion, where NaN and null differ.
        "spark.sql.execution.arrow.pyspark.fallback.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.log.level": "ERROR",
    }
    if chosen.startswith("local"):
        settings["spark.sql.shuffle.partitions"] = "4"  # 200 by default: pure overhead on one machine
    return settings


def session(settings: dict[str, str]) -> Any:
    """The Spark session (created once per process with ``settings``)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise RuleSetupError(
            "--engine spark needs pyspark: pip install 'factlint[spark]' (and Java 17 or newer)"
        ) from None
    builder = SparkSession.builder
    for k, v in settings.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def to_spark(spark: Any, table: str, frame: Any) -> Any:
    """The Spark DataFrame of the typed pandas table ``table``, with the schema its declared types give."""
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

    from factlint.rules.tables import DTYPES

    types = {"string": StringType(), "Int64": LongType(), "boolean": BooleanType()}
    declared = DTYPES[table]
    schema = StructType([StructField(c, types[str(declared[c])], nullable=True) for c in frame.columns])
    return spark.createDataFrame(frame, schema=schema)
