"""Telegram Stars: invoices and invoice links, the pre-checkout query and its 10-second deadline,
successful payments, refunds, the bot's Star balance, and paid messages in groups.

A person pays in two steps, as in the app: `checkout` (they press Pay: a pre_checkout_query goes
to the bot), then the bot's answerPreCheckoutQuery: in time and ok, the payment is made (a
successful_payment message in their private chat with the bot, with a charge id); late, the
answer fails and nothing is charged.
"""

from __future__ import annotations

import secrets

from emulator.state import EmulatorState
from emulator.world import JSON, ApiError, EmuUser, Invoice, Payment

PRE_CHECKOUT_DEADLINE_SECONDS = 10.0
MIN_STARS, MAX_STARS = 1, 2500  # one invoice item, in Telegram Stars
_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def _invoice(params: JSON) -> Invoice:
    """Check an invoice as Telegram checks a Stars invoice."""
    title = str(params.get("title", ""))
    description = str(params.get("description", ""))
    payload = str(params.get("payload", ""))
    if not 1 <= len(title) <= 32:
        raise ApiError(
            400, "Bad Request: INVOICE_TITLE_INVALID" if title else "Bad Request: title is empty"
        )
    if not 1 <= len(description) <= 255:
        raise ApiError(400, "Bad Request: INVOICE_DESCRIPTION_INVALID")
    if not 1 <= len(payload.encode()) <= 128:
        raise ApiError(400, "Bad Request: INVOICE_PAYLOAD_INVALID")
    if params.get("currency") != "XTR":
        raise ApiError(400, "Bad Request: CURRENCY_INVALID")
    if params.get("provider_token"):
        raise ApiError(400, "Bad Request: PROVIDER_TOKEN_INVALID")  # Stars take none
    prices = params.get("prices")
    if not isinstance(prices, list) or len(prices) != 1:
        raise ApiError(400, "Bad Request: STARS_INVOICE_INVALID")
    amount = prices[0].get("amount")
    if not isinstance(amount, int) or not MIN_STARS <= amount <= MAX_STARS:
        raise ApiError(400, "Bad Request: STARS_INVOICE_INVALID")
    return Invoice(title, description, payload, amount)


class Payments(EmulatorState):
    async def _api_createInvoiceLink(self, params: JSON) -> str:
        invoice = _invoice(params)
        link = f"https://t.me/${secrets.token_urlsafe(12)}"
        self.till.links[link] = invoice
        return link

    async def _api_answerPreCheckoutQuery(self, params: JSON) -> bool:
        query_id = str(params.get("pre_checkout_query_id", ""))
        waiting = self.till.checkouts.get(query_id)
        if waiting is None or query_id in self.till.answered:
            raise ApiError(400, _TOO_OLD)
        user, invoice, asked_at = waiting
        waited = self.wall() - asked_at
        self.till.waits.append(waited)
        if waited > PRE_CHECKOUT_DEADLINE_SECONDS:
            self.till.late_answers += 1
            self._notify()
            raise ApiError(400, _TOO_OLD)
        ok = params.get("ok") in (True, "true", "True", "1")
        if not ok and not params.get("error_message"):
            raise ApiError(400, "Bad Request: ERROR_MESSAGE_EMPTY")
        self.till.answered[query_id] = {**params, "ok": ok}
        if ok:
            self._paid(user, invoice)
        return True

    def _paid(self, user: EmuUser, invoice: Invoice) -> None:
        charge = f"stxEMU{self.till.next_id():06d}{secrets.token_hex(4)}"
        self.till.payments[charge] = Payment(user.id, invoice.stars, invoice.payload)
        self.till.balance += invoice.stars
        user.started_bot = True  # paying opens the chat with the bot; the receipt lands there
        message = self._new_message(self.chats[user.id], user, "")
        del message["text"]
        message["successful_payment"] = {
            "currency": "XTR",
            "total_amount": invoice.stars,
            "invoice_payload": invoice.payload,
            "telegram_payment_charge_id": charge,
            "provider_payment_charge_id": "",
        }
        self._push("message", message)

    async def _api_refundStarPayment(self, params: JSON) -> bool:
        charge = str(params.get("telegram_payment_charge_id", ""))
        if not charge:
            raise ApiError(400, "Bad Request: CHARGE_ID_EMPTY")
        payment = self.till.payments.get(charge)
        if payment is None:
            raise ApiError(400, "Bad Request: CHARGE_NOT_FOUND")
        if payment.user_id != int(params.get("user_id", 0)):
            raise ApiError(400, "Bad Request: USER_ID_INVALID")
        if payment.refunded:
            raise ApiError(400, "Bad Request: CHARGE_ALREADY_REFUNDED")
        payment.refunded = True
        self.till.balance -= payment.stars
        return True

    async def _api_getMyStarBalance(self, params: JSON) -> JSON:
        return {"amount": self.till.balance}

    # --- people pay ---------------------------------------------------------------------------
    def checkout(self, user: EmuUser, link: str) -> str:
        """`user` opens an invoice link and presses Pay: the bot gets a pre_checkout_query and
        has 10 seconds to answer it. Returns the query's id."""
        invoice = self.till.links.get(link)
        if invoice is None:
            raise LookupError(f"no invoice at {link}")
        query_id = str(self.till.next_id())
        self.till.checkouts[query_id] = (user, invoice, self.wall())
        self._push(
            "pre_checkout_query",
            {
                "id": query_id,
                "from": user.as_json(),
                "currency": "XTR",
                "total_amount": invoice.stars,
                "invoice_payload": invoice.payload,
            },
        )
        return query_id

    def charge_of(self, query_id: str) -> str | None:
        """The charge id of the payment a checkout made (None: refused, late or not yet)."""
        user, invoice, _ = self.till.checkouts[query_id]
        if not self.till.answered.get(query_id, {}).get("ok"):
            return None
        for charge, payment in self.till.payments.items():
            if payment.user_id == user.id and payment.payload == invoice.payload:
                return charge
        return None
