"""Amazon Athena: queries (``startQueryExecution`` request-response and ``.sync``), their status,
results and cancellation, on the work group; a query also reads the Glue Data Catalog and writes
its results to S3 (``ResultConfiguration.OutputLocation``) with the role's credentials, as the
"IAM policies for integrated services" page lists for Athena."""

from __future__ import annotations

from compiler.iam.base import PARTITION, Context, Statement, Task, arn
from compiler.iam.calls import RR, SYNC

SERVICE = "athena"
ACTIONS = {
    "startQueryExecution": (RR, SYNC),
    "stopQueryExecution": (RR,),
    "getQueryExecution": (RR,),
    "getQueryResults": (RR,),
}
CALL = {
    "startQueryExecution": ("athena:StartQueryExecution",),
    "stopQueryExecution": ("athena:StopQueryExecution",),
    "getQueryExecution": ("athena:GetQueryExecution",),
    "getQueryResults": ("athena:GetQueryResults",),
}
SYNC_ACTIONS = ("athena:GetQueryExecution", "athena:StopQueryExecution")
GLUE = ("glue:BatchCreatePartition", "glue:BatchDeletePartition", "glue:BatchDeleteTable", "glue:BatchGetPartition",
        "glue:CreateDatabase", "glue:CreatePartition", "glue:CreateTable", "glue:DeleteDatabase",
        "glue:DeletePartition", "glue:DeleteTable", "glue:GetDatabase", "glue:GetDatabases", "glue:GetPartition",
        "glue:GetPartitions", "glue:GetTable", "glue:GetTables", "glue:UpdateDatabase", "glue:UpdatePartition",
        "glue:UpdateTable")
S3_OBJECTS = ("s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject")
S3_BUCKET = ("s3:GetBucketLocation", "s3:ListBucket")


def statements(task: Task, ctx: Context) -> list[Statement]:
    group = task.get("WorkGroup")
    reasons: tuple[str, ...] = ()
    runtime: tuple[str, ...] = ()
    if group is None:
        workgroup = arn("athena", "workgroup/primary")
    elif group.template is None:
        workgroup, reasons, runtime = arn("athena", "workgroup/*"), (task.runtime("WorkGroup"),), ("WorkGroup",)
    else:
        workgroup = arn("athena", f"workgroup/{group.template}")
    actions = CALL[task.action] + (SYNC_ACTIONS if task.sync else ())
    if task.action != "startQueryExecution":
        # The other calls name an execution ID, not a work group: any work group of the account.
        # Not a W420: no spec could name the work group of an execution ID.
        workgroup, reasons, runtime = arn("athena", "workgroup/*"), (task.runtime("QueryExecutionId"),), ()
    out = [Statement(tuple(sorted(set(actions))), (workgroup,), reasons=reasons, runtime=runtime)]
    if task.action == "startQueryExecution":
        out.append(Statement(("athena:GetDataCatalog",), (arn("athena", "datacatalog/AwsDataCatalog"),)))
    if task.action == "getQueryResults":
        out.append(Statement(("s3:GetObject",), (f"arn:{PARTITION}:s3:::*",),
                             reasons=(f"state '{task.name}': the results' S3 location is the query's, known at run time",)))
    if task.action == "startQueryExecution":
        out.extend(_query_access(task))
    return out


def _query_access(task: Task) -> list[Statement]:
    database = task.at("QueryExecutionContext", "Database")
    catalog_reason: tuple[str, ...] = ()
    if database is None or database.template is None:
        db = "*"
        catalog_reason = (f"state '{task.name}': the query names its tables in its text",)
    else:
        db = database.template
    glue = Statement(GLUE, (arn("glue", "catalog"), arn("glue", f"database/{db}"), arn("glue", f"table/{db}/*"),
                            arn("glue", f"userDefinedFunction/{db}/*")),
                     reasons=(*catalog_reason, f"state '{task.name}': the query's tables are named in its text"))
    out = [glue, Statement(("lakeformation:GetDataAccess",), ("*",),
                           reasons=("lakeformation:GetDataAccess takes no resource-level permission (AWS's authorization data)",))]
    location = task.at("ResultConfiguration", "OutputLocation")
    if location is not None and location.template is not None and location.template.startswith("s3://"):
        bucket, _, key = location.template[len("s3://"):].partition("/")
        folder = f"{key.strip('/')}/*" if key.strip("/") else "*"
        out.append(Statement(S3_BUCKET, (f"arn:{PARTITION}:s3:::{bucket}",)))
        out.append(Statement(S3_OBJECTS, (f"arn:{PARTITION}:s3:::{bucket}/{folder}",)))
    else:
        why = (f"state '{task.name}': the output location is the work group's or chosen at run time",)
        out.append(Statement(S3_BUCKET, (f"arn:{PARTITION}:s3:::*",), reasons=why))
        out.append(Statement(S3_OBJECTS, (f"arn:{PARTITION}:s3:::*/*",), reasons=why))
    return out
