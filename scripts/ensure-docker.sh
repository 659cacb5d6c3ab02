#!/usr/bin/env bash
# Starts a local Docker engine when none answers (CI and development machines without a service
# manager). Does nothing when `docker info` already works.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null; then
  echo "No Docker engine answers and dockerd is not installed. Install it: apt-get install -y docker.io" >&2
  exit 1
fi
echo "Starting dockerd (log: /var/log/dockerd.log)"
# Its own session, so it outlives the shell (and process group) that started it.
setsid nohup dockerd --host unix:///var/run/docker.sock >/var/log/dockerd.log 2>&1 < /dev/null &
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "dockerd did not answer within 30 s; see /var/log/dockerd.log:" >&2
tail -n 20 /var/log/dockerd.log >&2
exit 1
