#!/usr/bin/env bash
# Makes sure the services the project needs locally are up: PostgreSQL and RabbitMQ.
#   scripts/services.sh          start what is stopped, enable the RabbitMQ plugins we use
#   scripts/services.sh --check  only check; exit 1 naming what is missing (tests never skip)
set -u
mode=${1:-start}
if [ "$mode" = "--help" ] || [ "$mode" = "-h" ]; then
  sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0
fi
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}
AMQP_HOST=${AMQP_HOST:-127.0.0.1}; AMQP_PORT=${AMQP_PORT:-5672}
PLUGINS="rabbitmq_management rabbitmq_prometheus rabbitmq_consistent_hash_exchange"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
pg_up() { port_open "$PGHOST" "$PGPORT" && { ! command -v pg_isready >/dev/null || pg_isready -q -h "$PGHOST" -p "$PGPORT"; }; }
amqp_up() { port_open "$AMQP_HOST" "$AMQP_PORT"; }
wait_for() { local i; for i in $(seq 1 "$2"); do "$1" && return 0; sleep 1; done; return 1; }

if [ "$mode" != "--check" ]; then
  if ! pg_up && command -v pg_ctlcluster >/dev/null; then
    echo "starting PostgreSQL..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    wait_for pg_up 30 || true
  fi
  if ! amqp_up && command -v rabbitmq-server >/dev/null; then
    echo "starting RabbitMQ..."
    rabbitmq-server -detached || true
    wait_for amqp_up 60 || true
  fi
  if command -v rabbitmqctl >/dev/null && amqp_up; then
    # The node may still be booting when the port opens: wait until it answers.
    rabbitmqctl -q await_startup >/dev/null 2>&1 || true
    rabbitmq-plugins -q enable $PLUGINS >/dev/null 2>&1 || echo "warning: could not enable RabbitMQ plugins ($PLUGINS)" >&2
  fi
fi

missing=()
pg_up || missing+=("PostgreSQL at $PGHOST:$PGPORT")
amqp_up || missing+=("RabbitMQ at $AMQP_HOST:$AMQP_PORT")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'ERROR: required service not reachable: %s\n' "${missing[@]}" >&2
  echo "Start it (scripts/services.sh starts local ones) — the tests need the real services and never skip." >&2
  exit 1
fi
[ "$mode" = "--check" ] || echo "services up: PostgreSQL $PGHOST:$PGPORT, RabbitMQ $AMQP_HOST:$AMQP_PORT"
exit 0
