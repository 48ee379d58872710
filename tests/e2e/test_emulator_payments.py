"""The emulator keeps Telegram's rules for Stars: what an invoice may be, the pre-checkout
deadline and its answers, refunds, and the balance."""

from __future__ import annotations

import aiohttp

from emulator.server import TelegramEmulator


async def call(emu: TelegramEmulator, method: str, **params: object) -> dict:
    url = f"{emu.base_url}/bot{emu.token}/{method}"
    async with aiohttp.ClientSession() as http, http.post(url, json=params) as response:
        return await response.json()


def invoice(**changes: object) -> dict[str, object]:
    return {
        "title": "🌹 Rose",
        "description": "A gift",
        "payload": "gift:1",
        "currency": "XTR",
        "prices": [{"label": "Rose", "amount": 1}],
    } | changes


async def test_invoices_payments_and_refunds_follow_telegrams_rules() -> None:
    emu = TelegramEmulator()
    await emu.start()
    try:
        errors = {
            name: (await call(emu, "createInvoiceLink", **params))["description"]
            for name, params in {
                "currency": invoice(currency="USD"),
                "provider": invoice(provider_token="123:TEST"),
                "two prices": invoice(prices=[{"label": "a", "amount": 1}] * 2),
                "too dear": invoice(prices=[{"label": "a", "amount": 2501}]),
                "free": invoice(prices=[{"label": "a", "amount": 0}]),
                "long title": invoice(title="x" * 33),
                "no description": invoice(description=""),
                "long payload": invoice(payload="x" * 129),
            }.items()
        }
        link = (await call(emu, "createInvoiceLink", **invoice()))["result"]
        ana = emu.add_user("Ana")
        refused = emu.checkout(ana, link)
        no_reason = await call(
            emu, "answerPreCheckoutQuery", pre_checkout_query_id=refused, ok=False
        )
        said_no = await call(
            emu,
            "answerPreCheckoutQuery",
            pre_checkout_query_id=refused,
            ok=False,
            error_message="Sold out",
        )
        twice = await call(emu, "answerPreCheckoutQuery", pre_checkout_query_id=refused, ok=True)
        paid = emu.checkout(ana, link)
        await call(emu, "answerPreCheckoutQuery", pre_checkout_query_id=paid, ok=True)
        charge = emu.charge_of(paid)
        balance = (await call(emu, "getMyStarBalance"))["result"]
        wrong_user = await call(
            emu, "refundStarPayment", user_id=ana.id + 1, telegram_payment_charge_id=charge
        )
        refund = await call(
            emu, "refundStarPayment", user_id=ana.id, telegram_payment_charge_id=charge
        )
        again = await call(
            emu, "refundStarPayment", user_id=ana.id, telegram_payment_charge_id=charge
        )
        unknown = await call(
            emu, "refundStarPayment", user_id=ana.id, telegram_payment_charge_id="nope"
        )
    finally:
        await emu.stop()
    assert errors == {
        "currency": "Bad Request: CURRENCY_INVALID",
        "provider": "Bad Request: PROVIDER_TOKEN_INVALID",
        "two prices": "Bad Request: STARS_INVOICE_INVALID",
        "too dear": "Bad Request: STARS_INVOICE_INVALID",
        "free": "Bad Request: STARS_INVOICE_INVALID",
        "long title": "Bad Request: INVOICE_TITLE_INVALID",
        "no description": "Bad Request: INVOICE_DESCRIPTION_INVALID",
        "long payload": "Bad Request: INVOICE_PAYLOAD_INVALID",
    }
    assert link.startswith("https://t.me/$")
    assert no_reason["description"] == "Bad Request: ERROR_MESSAGE_EMPTY"
    assert said_no["ok"] is True and emu.charge_of(refused) is None
    assert twice["description"].startswith("Bad Request: query is too old")
    assert charge is not None and balance == {"amount": 1}
    assert wrong_user["description"] == "Bad Request: USER_ID_INVALID"
    assert refund == {"ok": True, "result": True}
    assert again["description"] == "Bad Request: CHARGE_ALREADY_REFUNDED"
    assert unknown["description"] == "Bad Request: CHARGE_NOT_FOUND"
    assert emu.till.balance == 0
    (payment,) = [m for m in emu.messages.values() if "successful_payment" in m]
    assert payment["successful_payment"]["telegram_payment_charge_id"] == charge
    assert payment["chat"]["id"] == ana.id
