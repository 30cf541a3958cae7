"""The SMTP peer of bench/run.sh: N mails on ONE smtplib connection (STARTTLS, XOAUTH2), prints the seconds taken,
connect and login included, as the plugin's figure includes its first connect.
   smtplib_bench.py HOST PORT USER TOKEN CA_FILE MAIL_FILE COUNT
PB_BENCH_LATENCY=<file>: the connect and login's microseconds, then each mail's, one a line (as bench/bench.c's
smtp-pb writes each Perform's), to compare the distributions."""
import base64
import os
import smtplib
import ssl
import sys
import time

host, port, user, token, ca, mail_file, count = sys.argv[1:8]
with open(mail_file, "rb") as f:
    message = f.read()
latencies = []
start = time.perf_counter()
smtp = smtplib.SMTP(host, int(port))
smtp.starttls(context=ssl.create_default_context(cafile=ca))
smtp.ehlo()
payload = base64.b64encode(f"user={user}\x01auth=Bearer {token}\x01\x01".encode()).decode()
code, reply = smtp.docmd("AUTH", "XOAUTH2 " + payload)
if code != 235:
    sys.exit(f"login refused: {code} {reply!r}")
latencies.append(time.perf_counter() - start)
for _ in range(int(count)):
    sent = time.perf_counter()
    smtp.sendmail(user, [user], message)
    latencies.append(time.perf_counter() - sent)
smtp.quit()
print(f"{time.perf_counter() - start:.4f}")
if os.environ.get("PB_BENCH_LATENCY"):
    with open(os.environ["PB_BENCH_LATENCY"], "w") as f:
        f.write("".join(f"{s * 1e6:.0f}\n" for s in latencies))
