#!/usr/bin/env python3
"""Writes the test mails for EmailParserTests with Python's email package (an independent MIME writer).
Run from this folder: python3 make-mails.py. The .eml files are committed; the tests never run this."""
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid, formatdate

PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FE0DEF46B80000000049454E44AE426082")

inner = EmailMessage()
inner["From"] = "inner@example.org"
inner["To"] = "someone@example.org"
inner["Subject"] = "Forwarded inner mail"
inner["Date"] = "Mon, 01 Dec 2025 10:00:00 +0000"
inner.set_content("Inner body.\n")

msg = EmailMessage(policy=SMTP)
msg["Received"] = "from mx.example.org by mail.example.com; Tue, 02 Dec 2025 09:15:30 +0000"
msg["From"] = "Jörg Müller <joerg@example.com>"
msg["To"] = "Anna <anna@example.org>, bob@example.org"
msg["Cc"] = "Carol <carol@example.net>"
msg["Reply-To"] = "replies@example.com"
msg["Subject"] = "Grüße mit Bild und Anhang"
msg["Date"] = "Tue, 02 Dec 2025 10:15:00 +0100"
msg["Message-ID"] = "<python-1@example.com>"
msg["X-Mailer"] = "Python email"
msg["X-Priority"] = "1"
msg.set_content("Hallo Anna,\nanbei der Bericht.\n")
msg.add_alternative('<html><body><p>Hallo <b>Anna</b>,</p><p>anbei der Bericht &amp; ein Bild:'
                    '<img src="cid:logo@example.com"></p></body></html>\n', subtype="html")
html = msg.get_payload()[1]
html.add_related(PNG, "image", "png", cid="<logo@example.com>", filename="logo.png")
msg.add_attachment(b"%PDF-1.4\n% test report\n", maintype="application", subtype="pdf",
                   filename="Bericht März.pdf")
msg.add_attachment(inner)
open("python-multipart.eml", "wb").write(msg.as_bytes())
