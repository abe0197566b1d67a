"""What to do instead: one concrete sentence per scoring rule."""

from __future__ import annotations

INSTEAD: dict[str, str] = {
    "MP1.confirmation-errors": "Check each field against the customer's request "
    "before sending the confirmation, so the customer does not have to correct it.",
    "MP1.wrong-details-confirmed": "Compare the account, delivery address and "
    "product codes with the request and the CRM before you confirm.",
    "MP1.contact": "Enter the contact who placed the order, as named in the request.",
    "MP1.customer-account": "Search the CRM and open the account the request "
    "comes from before entering the order.",
    "MP1.customer-ref": "Copy the customer's own order reference exactly.",
    "MP1.delivery-address": "Use the delivery address the customer gave and "
    "check it against the CRM; ask when they differ.",
    "MP1.instructions": "Enter the customer's delivery instructions word for word.",
    "MP1.line-discount": "Enter only the discount that was agreed and approved.",
    "MP1.line-extra": "Remove lines the customer did not ask for.",
    "MP1.line-missing": "Add a line for every item in the request, with the "
    "catalogue code that matches its description.",
    "MP1.line-options": "Ask about and enter every option of the bespoke item.",
    "MP1.line-price": "Use the list price unless a different price was approved.",
    "MP1.line-quantity": "Enter the quantity the customer asked for (in whole packs).",
    "MP1.not-submitted": "Finish the order: confirm it with the customer and "
    "submit it.",
    "MP1.part-delivery": "Record whether the customer accepts a part delivery.",
    "MP1.priority": "Set the priority the order needs (urgent for a deadline).",
    "MP1.requested-date": "Enter the delivery date the customer asked for.",
    "MP1.requirement-guessed": "Ask the customer a clarifying question about "
    "anything the request leaves unclear before you confirm.",
    "MP2.no-accepted-confirmation": "Send a confirmation after your last change "
    "and wait for the customer to accept it before submitting.",
    "MP2.not-finalised": "Send a confirmation, wait for the acceptance, then "
    "submit the order.",
    "MP2.submit-unconfirmed": "Wait for the customer to accept the confirmation "
    "before pressing submit.",
    "MP2.impossible-promise": "Promise the date your stock check shows is "
    "possible, or agree a part delivery or later date with the customer first.",
    "MP3.follow-up-incomplete": "Record who you spoke to, the channel, a summary "
    "and the outcome or next action of every follow-up.",
    "MP3.follow-up-late": "Follow up each delay or query within the policy's "
    "time limit.",
    "MP3.follow-up-missing": "Log a follow-up with the customer for every delay, "
    "shortage or query that reaches you.",
    "MP3.interaction-unrecorded": "Record every conversation with the customer "
    "as a follow-up.",
    "MP3.issue-incomplete": "Give every issue a problem, the action taken and a "
    "resolution.",
    "MP3.issue-missing": "Log an issue describing each problem you find, with "
    "the action you took.",
    "MP3.issue-type": "File each issue under the type that names the problem "
    "(a courier breakdown is a supplier delay), so colleagues can find it.",
    "MP3.next-action-overdue": "Carry out each next action by its date, or log "
    "a follow-up that moves it.",
    "MP3.order-not-closed": "Close the order once it is delivered and every "
    "issue is resolved.",
    "MP3.record-not-specific": "Name the product code, quantity or date in the "
    "record so someone else can act on it.",
    "MP4.approval-before-confirm": "Get the approval before you send the "
    "confirmation, so you promise only what is approved.",
    "MP4.approval-missing": "Request the approval the policy requires, with a "
    "justification, and wait for the decision before submitting.",
    "MP4.approval-rejected": "When an approval is rejected, change the order "
    "to what policy allows before going on.",
    "MP4.credit-hold": "Put the order on hold and ask credit control before "
    "taking it further.",
    "MP4.discontinued": "Offer the replacement product instead of the "
    "discontinued code.",
    "MP4.identity-check": "Verify the caller against the CRM before you "
    "disclose any account details.",
    "MP4.refused-commands": "Follow the order's stages in turn instead of "
    "trying to skip them.",
    "MP4.shortage-ignored": "When the stock check shows a shortage, agree a "
    "part delivery, substitute or later date with the customer.",
    "MP4.stock-before-confirm": "Check stock on every line before sending the "
    "confirmation.",
    "MP4.stock-unchecked-submit": "Check stock on every line (again after any "
    "change) before submitting.",
    "MP4.unauthorised-contact": "Take orders only from a contact authorised to "
    "order on the account.",
    "MP4.urgent-cutoff": "Submit urgent orders before the dispatch cut-off.",
    "MP4.warnings-unacknowledged": "Fix each warning or acknowledge it with a "
    "reason that names what you checked.",
    "MP4.weak-reason": "Give a reason that names the warning's subject and what "
    "you checked.",
    "MP4.unapproved-discount": "Request approval for a discount over your "
    "authority before confirming it.",
    "MP4.data-protection": "Verify the caller before disclosing account details.",
}


def instead_for(rule: str) -> str:
    """The 'what to do instead' sentence for ``rule``."""
    return INSTEAD.get(rule, "Follow the policy clause named in the finding.")
