"""``unbroken models list``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ._common import add_command, sync_client

__all__ = ["register"]


def register(commands: Any) -> None:
    models = add_command(commands, "models", "the models available to your key", "  unbroken models list\n")
    actions = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = add_command(
        actions,
        "list",
        "list the models, newest first: id, display name, release date",
        "  unbroken models list\n  unbroken models list --json | head -1\n",
    )
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(handler=list_models)


def list_models(args: argparse.Namespace) -> int:
    with sync_client() as client:
        for model in client.models.list():
            if args.json:
                print(json.dumps(model.to_dict(mode="json")), flush=True)
            else:
                print(f"{model.id}\t{model.display_name}\t{model.created_at.date()}", flush=True)
    return 0
