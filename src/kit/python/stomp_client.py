#!/usr/bin/env python3
"""Linkage Hub department client over STOMP 1.2, Python 3 standard library only.

Reads the department's queue linkage.dept.<CODE>, acknowledges each message after handling it, and signs for
each delivery by sending a SIGNED receipt to its own receipts address linkage.receipts.<CODE>, to which only the
department's broker user may send: the broker, not the message, tells the hub who signed.

    python3 stomp_client.py --host 127.0.0.1 --port 61616 --user zj --password demo-zj --code ZJ \
        [--signed-by 王科长] [--max 10] [--idle 5]

It stops after --max messages or when no message came for --idle seconds, and prints one line per delivery.
Letters about cases (CASE on the bureau's queue, CASE_REPLY and CASE_REFUSED on the filer's) are printed with
their caseId and acknowledged, not signed: they are not deliveries.
"""
import argparse
import json
import socket
import sys
from datetime import datetime, timezone


class Stomp:
    def __init__(self, host, port, user, password):
        self.sock = socket.create_connection((host, port))
        self.buffer = b""
        self.send_frame("CONNECT", {"accept-version": "1.2", "host": host, "login": user, "passcode": password})
        frame = self.read_frame()
        if frame[0] != "CONNECTED":
            raise SystemExit("not connected: %s %s" % (frame[1].get("message"), frame[2]))

    def send_frame(self, command, headers, body=b""):
        head = command + "\n" + "".join("%s:%s\n" % (k, v) for k, v in headers.items())
        if body:
            head += "content-length:%d\n" % len(body)
        self.sock.sendall(head.encode("utf-8") + b"\n" + body + b"\0")

    def read_frame(self, timeout=None):
        self.sock.settimeout(timeout)
        while True:
            stripped = self.buffer.lstrip(b"\r\n")  # heart-beats
            end = stripped.find(b"\n\n")
            if end >= 0:
                lines = stripped[:end].decode("utf-8").split("\n")
                headers = {}
                for line in lines[1:]:
                    key, _, value = line.partition(":")
                    headers.setdefault(key, value)
                start = end + 2
                if "content-length" in headers:
                    stop = start + int(headers["content-length"])
                    if len(stripped) > stop:
                        self.buffer = stripped[stop + 1:]
                        return lines[0], headers, stripped[start:stop]
                else:
                    stop = stripped.find(b"\0", start)
                    if stop >= 0:
                        self.buffer = stripped[stop + 1:]
                        return lines[0], headers, stripped[start:stop]
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed by the broker")
            self.buffer += chunk


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=61616)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--code", required=True, help="the department's code, e.g. ZJ")
    p.add_argument("--signed-by", default=None)
    p.add_argument("--max", type=int, default=100)
    p.add_argument("--idle", type=float, default=5.0)
    args = p.parse_args()

    stomp = Stomp(args.host, args.port, args.user, args.password)
    stomp.send_frame("SUBSCRIBE", {"id": "feed", "destination": "linkage.dept." + args.code.upper(),
                                   "ack": "client-individual"})
    handled = 0
    pending = []  # messages the broker pushed while we waited for a receipt frame
    while handled < args.max:
        if pending:
            command, headers, body = pending.pop(0)
        else:
            try:
                command, headers, body = stomp.read_frame(timeout=args.idle)
            except socket.timeout:
                break
        if command == "ERROR":
            raise SystemExit("broker refused: %s %s" % (headers.get("message"), body.decode("utf-8", "replace")))
        if command != "MESSAGE":
            continue
        ack_id = headers["ack"]
        message = json.loads(body.decode("utf-8"))
        kind = headers.get("messageType", "DECISION")
        if kind.startswith("CASE"):
            # a letter about a case (CASE to the bureau, CASE_REPLY / CASE_REFUSED to the filer), not a delivery
            stomp.send_frame("ACK", {"id": ack_id})
            print("%s %s %s %s" % (kind, message.get("caseId"), message.get("caseRef"), message.get("outcome", "-")))
            continue
        if "taskId" in message:
            # a verification task of a commitment grant (TASK, or its WARNING / ESCALATION): check the facts, then
            # POST /api/v1/tasks/{taskId}/result; not a delivery, so not signed
            stomp.send_frame("ACK", {"id": ack_id})
            print("%s task %s %s due %s" % (kind, message["taskId"], message.get("documentNumber"), message.get("dueAt")))
            continue
        if kind != "DECISION":
            # a warning, reminder or escalation about a delivery already received: read, not signed again
            stomp.send_frame("ACK", {"id": ack_id})
            print("NOTICE %s %s" % (kind, message.get("deliveryId")))
            continue
        receipt = {"deliveryId": message["deliveryId"], "status": "SIGNED", "signedBy": args.signed_by,
                   "note": None, "at": datetime.now(timezone.utc).isoformat()}
        # a receipt frame from the broker confirms the receipt is stored before the message is acknowledged
        stomp.send_frame("SEND", {"destination": "linkage.receipts." + args.code.upper(),
                                  "content-type": "application/json", "receipt": "r-" + message["deliveryId"]},
                         json.dumps(receipt, ensure_ascii=False).encode("utf-8"))
        while True:
            frame = stomp.read_frame(timeout=30)
            if frame[0] == "RECEIPT":
                break
            if frame[0] == "ERROR":
                raise SystemExit("receipt refused: %s" % frame[1].get("message"))
            if frame[0] == "MESSAGE":
                pending.append(frame)
        stomp.send_frame("ACK", {"id": ack_id})
        handled += 1
        print("SIGNED %s %s %s" % (message["deliveryId"], message.get("documentNumber"), message.get("role")))
    stomp.send_frame("DISCONNECT", {})
    return 0


if __name__ == "__main__":
    sys.exit(main())
