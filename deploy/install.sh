#!/usr/bin/env bash
# Installs DicomCipherGateway as a systemd service on this machine (docs/admin-guide.md).
#
#   sudo deploy/install.sh [--prefix /opt/dicom-cipher-gateway] [--no-publish] [--dry-run]
#
# Idempotent and safe to run again (e.g. to upgrade): it publishes the service and dcg, creates the
# service account and folders with their modes, copies the systemd unit, and installs an example
# configuration only when none exists. It never creates, overwrites or reads a key or the KEK: that
# is a deliberate administrator step (printed at the end). It does not start the service.
set -euo pipefail

PREFIX=/opt/dicom-cipher-gateway
ETC=/etc/dicom-cipher-gateway
STATE=/var/lib/dicom-cipher-gateway
LOGS=/var/log/dicom-cipher-gateway
UNIT_DIR=/etc/systemd/system
SERVICE_USER=dicom-cipher-gateway
PUBLISH=1
DRY_RUN=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --no-publish) PUBLISH=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 1 ;;
  esac
done

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

run() {
  echo "+ $*"
  if [[ $DRY_RUN -eq 0 ]]; then "$@"; fi
}

if [[ $DRY_RUN -eq 0 && $EUID -ne 0 ]]; then
  echo "install.sh: run as root (it creates a system user and writes to /etc, /opt and /var)." >&2
  exit 1
fi

# 1. Publish: framework-dependent, Release, into a staging folder, then swapped in whole so a
#    running service never sees a half-copied binary. Layout (docs/admin-guide.md, "Layout"):
#    $PREFIX/DicomCipherGateway (service), $PREFIX/dcg/dcg (CLI), $PREFIX/docs.
if [[ $PUBLISH -eq 1 ]]; then
  STAGE=$(mktemp -d)
  trap 'rm -rf "$STAGE"' EXIT
  run dotnet publish "$REPO/src/DicomCipherGateway" -c Release -o "$STAGE/app" --nologo
  run dotnet publish "$REPO/src/DicomCipherGateway.Cli" -c Release -o "$STAGE/app/dcg" --nologo
  run mkdir -p "$STAGE/app/docs"
  run cp "$REPO/docs/admin-guide.md" "$REPO/docs/configuration.md" "$REPO/docs/conformance-statement.md" "$REPO/docs/cli.md" "$STAGE/app/docs/"
  run mkdir -p "$(dirname "$PREFIX")"
  if [[ -d "$PREFIX" ]]; then
    run rm -rf "$PREFIX.previous"
    run mv "$PREFIX" "$PREFIX.previous"
  fi
  run mv "$STAGE/app" "$PREFIX"
  run chown -R root:root "$PREFIX"
  run chmod -R u=rwX,go=rX "$PREFIX"
  run ln -sfn "$PREFIX/dcg/dcg" /usr/local/bin/dcg
fi

# 2. The service account: a system user without a shell or home that owns only the spool and the logs.
if ! getent group "$SERVICE_USER" >/dev/null; then
  run groupadd --system "$SERVICE_USER"
fi
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  run useradd --system --gid "$SERVICE_USER" --home-dir "$STATE" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi

# 3. Folders and modes. Configuration and keys: root-owned, readable by the service group only.
run install -d -o root -g "$SERVICE_USER" -m 0750 "$ETC"
run install -d -o root -g "$SERVICE_USER" -m 0750 "$ETC/keys"
run install -d -o root -g "$SERVICE_USER" -m 0750 "$ETC/tls"
run install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0700 "$STATE"
run install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0700 "$STATE/spool"
run install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$LOGS"

# 4. Configuration: an example only when there is none (an existing one is never touched).
if [[ ! -e "$ETC/gateway.json" ]]; then
  run install -o root -g "$SERVICE_USER" -m 0640 "$REPO/config/orthanc.json" "$ETC/gateway.json"
  echo "install.sh: wrote $ETC/gateway.json from config/orthanc.json: edit the peers before starting."
else
  echo "install.sh: keeping the existing $ETC/gateway.json"
fi

# 5. The systemd unit (ExecStart follows --prefix).
UNIT_TMP=$(mktemp)
sed "s#/opt/dicom-cipher-gateway#$PREFIX#g" "$REPO/deploy/dicom-cipher-gateway.service" > "$UNIT_TMP"
run install -o root -g root -m 0644 "$UNIT_TMP" "$UNIT_DIR/dicom-cipher-gateway.service"
rm -f "$UNIT_TMP"
if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
  run systemctl daemon-reload
fi

# 6. Keys: printed, never done here.
cat <<GUIDE

Installed. Before starting the service:

  1. The key-encryption key (KEK): create it on this machine, readable by the service group only,
     and put a copy in the hospital's secret store or a safe NOW (without it, no key opens and no
     ciphertext in the PACS can ever be decrypted):
       sudo dcg key new-kek $ETC/kek
       sudo chown $SERVICE_USER:$SERVICE_USER $ETC/kek && sudo chmod 0600 $ETC/kek
     (the gateway refuses a KEK file that group or others can read).
  2. A key, trained on representative images, into $ETC/keys (docs/admin-guide.md, "Keys").
  3. Edit $ETC/gateway.json (peers, PACS, TLS); check it with the PACS: dcg verify-pacs --config $ETC/gateway.json
  4. sudo systemctl enable --now dicom-cipher-gateway && curl -s http://127.0.0.1:8080/readyz
GUIDE
