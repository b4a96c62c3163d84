#!/usr/bin/env python3
"""Linkage Hub department client over STOMP 1.2, Python 3 standard library only.

Reads the department's queue linkage.dept.<CODE>, acknowledges each message after handling it, and signs for
each delivery by sending a SIGNED receipt to its own receipts address linkage.receipts.<CODE>, to which only the
department's broker user may send: the broker, not the message, tells the hub who signed.

    python3 stomp_client.py --host 127.0.0.1 --port 61616 --user zj --password demo-zj --code ZJ \
        [--signed-by 王科长] [--max 10] [--idle 5]

With the production broker pair give both nodes instead of --host and --port:

    python3 stomp_client.py --brokers artemis-a.example:61616,artemis-b.example:61616 --user zj ...

STOMP has no fail-over of its own: when the connection drops, the client connects to the next node of --brokers
(whichever is active answers; the waiting one refuses) and subscribes again. A message that had arrived but was not
yet acknowledged comes again from the new node; the receipt sent for it again changes nothing (receipts are
idempotent), and a real system recognises it by its deliveryId.

It stops after --max messages or when no message came for --idle seconds, and prints one line per delivery.
Letters about cases (CASE on the bureau's queue, CASE_REPLY and CASE_REFUSED on the filer's) are printed with
their caseId and acknowledged, not signed: they are not deliveries.
"""
import argparse
import json
import socket
import sys
import time
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


def connect(brokers, user, password, code, give_up_after):
    """Connects to the first node of brokers that answers (the active one of a pair) and subscribes."""
    deadline = time.monotonic() + give_up_after
    attempt = 0
    while True:
        host, port = brokers[attempt % len(brokers)]
        try:
            stomp = Stomp(host, port, user, password)
            stomp.send_frame("SUBSCRIBE", {"id": "feed", "destination": "linkage.dept." + code.upper(),
                                           "ack": "client-individual"})
            return stomp
        except OSError:
            attempt += 1
            if time.monotonic() > deadline:
                raise
            if attempt % len(brokers) == 0:
                time.sleep(1)  # every node refused: the pair is switching over


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=61616)
    p.add_argument("--brokers", default=None, help="host:port,host:port of a broker pair (instead of --host, --port)")
    p.add_argument("--failover-timeout", type=float, default=120.0,
                   help="seconds to keep trying the nodes before giving up")
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--code", required=True, help="the department's code, e.g. ZJ")
    p.add_argument("--signed-by", default=None)
    p.add_argument("--max", type=int, default=100)
    p.add_argument("--idle", type=float, default=5.0)
    args = p.parse_args()
    if args.brokers:
        brokers = [(h, int(port)) for h, _, port in (b.strip().rpartition(":") for b in args.brokers.split(","))]
    else:
        brokers = [(args.host, args.port)]

    stomp = connect(brokers, args.user, args.password, args.code, args.failover_timeout)
    handled = 0
    pending = []  # messages the broker pushed while we waited for a receipt frame
    while handled < args.max:
        try:
            handled += handle_next(stomp, pending, args)
        except socket.timeout:
            break
        except OSError:
            # the node went away: what was not acknowledged comes again from the node that takes over
            pending.clear()
            stomp = connect(brokers, args.user, args.password, args.code, args.failover_timeout)
    stomp.send_frame("DISCONNECT", {})
    return 0


def handle_next(stomp, pending, args):
    """Handles one frame; returns 1 when it signed a delivery, else 0. Raises socket.timeout when idle."""
    if pending:
        command, headers, body = pending.pop(0)
    else:
        command, headers, body = stomp.read_frame(timeout=args.idle)
    if command == "ERROR":
        raise SystemExit("broker refused: %s %s" % (headers.get("message"), body.decode("utf-8", "replace")))
    if command != "MESSAGE":
        return 0
    ack_id = headers["ack"]
    message = json.loads(body.decode("utf-8"))
    kind = headers.get("messageType", "DECISION")
    if kind.startswith("CASE"):
        # a letter about a case (CASE to the bureau, CASE_REPLY / CASE_REFUSED to the filer), not a delivery
        stomp.send_frame("ACK", {"id": ack_id})
        print("%s %s %s %s" % (kind, message.get("caseId"), message.get("caseRef"), message.get("outcome", "-")))
        return 0
    if "taskId" in message:
        # a verification task of a commitment grant (TASK, or its WARNING / ESCALATION): check the facts, then
        # POST /api/v1/tasks/{taskId}/result; not a delivery, so not signed
        stomp.send_frame("ACK", {"id": ack_id})
        print("%s task %s %s due %s" % (kind, message["taskId"], message.get("documentNumber"), message.get("dueAt")))
        return 0
    if kind != "DECISION":
        # a warning, reminder or escalation about a delivery already received: read, not signed again
        stomp.send_frame("ACK", {"id": ack_id})
        print("NOTICE %s %s" % (kind, message.get("deliveryId")))
        return 0
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
    print("SIGNED %s %s %s" % (message["deliveryId"], message.get("documentNumber"), message.get("role")))
    return 1


if __name__ == "__main__":
    sys.exit(main())
