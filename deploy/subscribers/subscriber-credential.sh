#!/usr/bin/env bash
# Issues the Kafka credential of one account's subscriber: prints the KafkaTopic and KafkaUser of
# account-subscriber.yaml for the account, to apply with kubectl. Usage:
#   deploy/subscribers/subscriber-credential.sh <account_id> | kubectl -n bulk-export apply -f -
#   kubectl -n bulk-export get secret account-<account_id> -o jsonpath='{.data.password}' | base64 -d
# The user is account-<account_id>; hand the customer that name, the password and the bootstrap address.
# Revoke: kubectl -n bulk-export delete kafkauser account-<account_id>.
set -euo pipefail
account="${1:-}"
if [[ ! "$account" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]]; then
    echo "usage: $0 <account_id>  (the account's id, a lowercase UUID)" >&2
    exit 2
fi
sed "s/ACCOUNT_ID/$account/g" "$(dirname "$0")/account-subscriber.yaml"
