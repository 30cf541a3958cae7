#!/usr/bin/env bash
# Configures Debian's Postfix as the test SMTP submission server (with postconf; idempotent).
#   postfix-setup.sh TLS_DIR SMTP_PORT LMTP_PORT
# Postfix cannot run from a private config directory short of multi-instance, so this edits /etc/postfix:
# one listener 127.0.0.1:SMTP_PORT (STARTTLS required, SASL via Dovecot's socket, i.e. XOAUTH2/OAUTHBEARER
# checked by introspection), the port-25 listener commented out, mail for example.test delivered to Dovecot
# over LMTP, no chroot (Debian's init script would otherwise have to fill /var/spool/postfix/etc), no DNS.
set -euo pipefail
TLS=$1 SMTP_PORT=$2 LMTP_PORT=$3
svc=127.0.0.1:$SMTP_PORT/inet

postconf -e \
  "inet_interfaces = 127.0.0.1" \
  "inet_protocols = ipv4" \
  "myhostname = mail.example.test" \
  "mydestination = localhost" \
  "mynetworks = 127.0.0.0/8" \
  "smtp_dns_support_level = disabled" \
  "smtpd_peername_lookup = no" \
  "maillog_file = /var/log/postfix.log" \
  "smtpd_tls_cert_file = $TLS/server.crt" \
  "smtpd_tls_key_file = $TLS/server.key" \
  "smtpd_tls_security_level = may" \
  "smtpd_tls_auth_only = yes" \
  "smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination" \
  "virtual_mailbox_domains = example.test" \
  "virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT"

# Only the submission listener: comment out port 25 (if it is still active), add ours.
if postconf -M smtp/inet 2>/dev/null | grep -q .; then postconf -M# smtp/inet; fi
postconf -M "$svc=127.0.0.1:$SMTP_PORT inet n - n - - smtpd"
postconf -P \
  "$svc/syslog_name=postfix/submission" \
  "$svc/smtpd_tls_security_level=encrypt" \
  "$svc/smtpd_sasl_auth_enable=yes" \
  "$svc/smtpd_sasl_type=dovecot" \
  "$svc/smtpd_sasl_path=private/auth" \
  "$svc/smtpd_client_restrictions=permit_sasl_authenticated,reject" \
  "$svc/smtpd_recipient_restrictions=permit_sasl_authenticated,reject"
postconf -F '*/*/chroot = n'
