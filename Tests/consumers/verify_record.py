#!/usr/bin/env python3
"""Checks a gonogo decision record with independent tools.

  verify_record.py signature RECORD PUB.pem KEYID   securesystemslib verifies the DSSE envelope
  verify_record.py schema RECORD PREDICATE_SCHEMA   the statement against in-toto Statement v1
                                                    (in-toto-statement-v1.schema.json beside this
                                                    file) and the predicate against gonogo's schema

Exit 0: verified; 1: rejected (the reason on stderr); 77: a needed package is missing (skip).
"""
import base64
import json
import os
import sys

SKIP = 77


def signature(record_path, public_path, keyid):
    try:
        from cryptography.hazmat.primitives.serialization import load_pem_public_key
        from securesystemslib.dsse import Envelope
        from securesystemslib.signer import SSlibKey
    except ImportError as error:
        print(f"skip: {error}", file=sys.stderr)
        return SKIP
    with open(record_path, "rb") as handle:
        envelope = Envelope.from_dict(json.load(handle))
    with open(public_path, "rb") as handle:
        public = load_pem_public_key(handle.read())
    key = SSlibKey.from_crypto(public, keyid=keyid)
    if envelope.payload_type != "application/vnd.in-toto+json":
        print(f"rejected: payloadType {envelope.payload_type}", file=sys.stderr)
        return 1
    try:
        accepted = envelope.verify([key], 1)
    except Exception as error:  # securesystemslib raises VerificationError
        print(f"rejected: {error}", file=sys.stderr)
        return 1
    if keyid not in accepted:
        print("rejected: the key did not sign the envelope", file=sys.stderr)
        return 1
    print(f"verified with {key.keytype}/{key.scheme}")
    return 0


def schema(record_path, predicate_schema_path):
    try:
        import jsonschema
    except ImportError as error:
        print(f"skip: {error}", file=sys.stderr)
        return SKIP
    with open(record_path, "rb") as handle:
        record = json.load(handle)
    if "payload" in record:
        statement = json.loads(base64.b64decode(record["payload"]))
    else:
        statement = record
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "in-toto-statement-v1.schema.json"), encoding="utf-8") as handle:
        statement_schema = json.load(handle)
    with open(predicate_schema_path, encoding="utf-8") as handle:
        predicate_schema = json.load(handle)
    checker = jsonschema.FormatChecker()
    for name, value, against in (
        ("statement", statement, statement_schema),
        ("predicate", statement.get("predicate"), predicate_schema),
    ):
        validator = jsonschema.Draft202012Validator(against, format_checker=checker)
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.path))
        if errors:
            for error in errors:
                print(f"rejected: {name} {list(error.path)}: {error.message}", file=sys.stderr)
            return 1
    print("statement and predicate are valid")
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "signature":
        return signature(argv[2], argv[3], argv[4])
    if len(argv) == 4 and argv[1] == "schema":
        return schema(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
