#!/bin/sh
# Renders the broker's definitions (definitions.json: the user, its permissions, the vhost) with
# the password from the environment, where the broker loads them (napominalka.conf), then starts
# the broker as the image does. The password never lives in the repository.
# DEFINITIONS_TEMPLATE, DEFINITIONS_OUT and RABBITMQ_IMAGE_ENTRYPOINT let a test run it.
set -eu
template=${DEFINITIONS_TEMPLATE:-/etc/rabbitmq/napominalka/definitions.json}
out=${DEFINITIONS_OUT:-/var/lib/rabbitmq/definitions.json}
password=${RABBITMQ_DEFAULT_PASS:-}
if [ -z "$password" ]; then
  echo 'set RABBITMQ_PASSWORD in .env' >&2
  exit 1
fi
# The password also goes into URLs (AMQP_URL, RABBITMQ_MANAGEMENT_URL) and into JSON here:
# only URL-unreserved characters, which need no escaping in either.
case $password in
  *[!A-Za-z0-9._~-]*)
    echo 'RABBITMQ_PASSWORD: use only A-Z a-z 0-9 . _ ~ - (e.g. openssl rand -hex 24)' >&2
    exit 1
    ;;
esac
umask 077
sed "s|@RABBITMQ_PASSWORD@|$password|" "$template" >"$out"
if [ "$(id -u)" = 0 ] && id rabbitmq >/dev/null 2>&1; then chown rabbitmq:rabbitmq "$out"; fi
exec "${RABBITMQ_IMAGE_ENTRYPOINT:-docker-entrypoint.sh}" "$@"
