"""Uploads and queues on AWS, through boto3."""

from __future__ import annotations

from typing import Any

import boto3


def queue_url(name: str) -> str:
    """The URL of an SQS queue; no region is configured."""
    sqs = boto3.client("sqs")  # ORIGIN: boto_no_region
    return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])


def bucket_names() -> list[str]:
    """The account's buckets; no credentials are configured."""
    s3 = boto3.client("s3", region_name="eu-west-1")
    return [b["Name"] for b in s3.list_buckets()["Buckets"]]  # ORIGIN: boto_no_credentials


def upload_invoice(body: bytes) -> Any:
    """Upload an invoice, forgetting the object key."""
    s3 = boto3.client("s3", region_name="eu-west-1", aws_access_key_id="AKIDEXAMPLE",
                      aws_secret_access_key="corpus-not-a-secret")
    return s3.put_object(Bucket="invoices", Body=body)  # ORIGIN: boto_param_missing


def tag_invoice(number: int) -> Any:
    """Tag an invoice object, passing the key as a number."""
    s3 = boto3.client("s3", region_name="eu-west-1", aws_access_key_id="AKIDEXAMPLE",
                      aws_secret_access_key="corpus-not-a-secret")
    return s3.get_object(Bucket="invoices", Key=number)  # ORIGIN: boto_param_type


def archive_client() -> Any:
    """The archive's client, by a misspelt service name."""
    return boto3.client("glaicer", region_name="eu-west-1")  # ORIGIN: boto_unknown_service


def regional_client(region: str) -> Any:
    """A client for a configured region."""
    return boto3.client("s3", region_name=region)  # ORIGIN: boto_invalid_region
