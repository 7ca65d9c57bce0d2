// The built-in letters, in plain English (GOV.UK style: short sentences,
// "we" and "you", the date and what happens next first). A council edits
// them through the letter template settings.
#include "letters/letter.h"

namespace sardesk::letters {

namespace {

constexpr char kSignOff[] = R"(
If you have any questions, {{#if council_phone}}call us on {{council_phone}}{{#if council_email}} or email {{council_email}}{{/if}}{{else}}{{#if council_email}}email us at {{council_email}}{{else}}contact us{{/if}}{{/if}}. Please quote your reference, {{reference}}.

Yours sincerely

{{officer_name}}
Information Governance Team
{{council_name}}
)";

std::string WithSignOff(const char* body) { return std::string(body) + kSignOff; }

}  // namespace

LetterTemplate DefaultTemplate(LetterKind kind) {
  switch (kind) {
    case LetterKind::kAcknowledgement:
      return {"Your request for personal information: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

We received your request for personal information on {{received_date}}.{{#if acting_for}} You asked for information about {{acting_for}}.{{/if}} We are dealing with it as a subject access request under the UK General Data Protection Regulation (UK GDPR) and the Data Protection Act 2018.

Your reference is {{reference}}.

When we will reply
{{#if due_date}}We will reply by {{due_date}}.{{else}}We cannot start work on your request until we have {{waiting_for}}. We will write to you about what we need. We have one calendar month to reply from the date we have it.{{/if}}

If your request is complex or you have made several requests, we may need up to 2 more months. If we do, we will tell you why within the first month.

What happens next
We will search the records of the services that may hold information about you. We will remove information about other people unless they agree to it being shared or the law allows it.
)")};
    case LetterKind::kIdRequest:
      return {"We need proof of identity for your request: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

Thank you for your request for personal information, which we received on {{received_date}}.

Before we can give anyone personal information, we must be sure they are entitled to it. Please send us copies of:

{{documents_needed}}
{{#if acting_for}}
Because you are asking for information about {{acting_for}}, please also send proof that you can act for them, for example their signed consent, a lasting power of attorney, a court order or evidence of parental responsibility.
{{/if}}
You can send good-quality copies. You do not need to send original documents.

We have one calendar month to reply from the date we receive these documents. If we do not hear from you within 3 months, we will close your request.
)")};
    case LetterKind::kClarification:
      return {"We need more information about your request: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

Thank you for your request for personal information, which we received on {{received_date}}.

We need you to tell us more so that we can find the right information:

{{clarification_question}}

We have paused the time limit for your request until we hear from you. When you reply, the time limit starts again from where it stopped.
)")};
    case LetterKind::kExtension:
      return {"We need more time to reply to your request: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

We are writing about your request for personal information, which we received on {{received_date}}.

The law allows us to take up to 2 more months when a request is complex or when someone has made several requests. We need {{extension_months}} more to reply to your request.

Why we need more time
{{extension_reasons}}

We will now reply by {{new_due_date}}.

If you are unhappy with this decision, you can ask us to review it. You can also complain to the Information Commissioner's Office (ICO): {{ico_contact}}.
)")};
    case LetterKind::kRefusal:
      return {"Our decision on your request: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

We are writing about your request for personal information, which we received on {{received_date}}.

We have decided not to comply with your request because it is {{refusal_ground}}.

Why we made this decision
{{refusal_reasons}}
{{#if fee_offered}}
We can deal with your request if you pay a reasonable fee to cover our administrative costs. We will tell you the amount separately.
{{/if}}
Your rights
{{rights_notice}}

You can ask us to review this decision first by writing to us, but you do not have to.
)")};
    case LetterKind::kNoDataHeld:
      return {"Your request for personal information: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

We are writing about your request for personal information, which we received on {{received_date}}.

We have searched our records and we do not hold any personal information about {{#if acting_for}}{{acting_for}}{{else}}you{{/if}} that matches your request.
{{#if searches_made}}
{{searches_made}}
{{/if}}
We have now closed your request.

If you think we do hold information, please tell us where you think it may be, and we will look again.

Your rights
{{rights_notice}}
)")};
    case LetterKind::kReleaseCover:
      return {"The information you asked for: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

We are writing about your request for personal information, which we received on {{received_date}}.

We enclose the information we hold about {{#if acting_for}}{{acting_for}}{{else}}you{{/if}}.{{#if release_details}} {{release_details}}{{/if}}

Information we have removed
Some information has been removed (redacted). Each place where we removed information is labelled with the reason. Most removed information is about other people, which we cannot share without their agreement or another lawful reason.

Reading your records
Records can contain information that is upsetting to read. You may want to read them with someone you trust. You can ask us for a meeting to go through them with a member of staff.

Your rights
{{rights_notice}}
)")};
    case LetterKind::kComplaintAck:
      return {"We have received your complaint: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

We received your {{complaint_kind}} about your request for personal information on {{complaint_received_date}}.

What you told us
{{complaint_summary}}

A senior officer who was not involved in your request will look into it.{{#if complaint_due_date}} We will reply by {{complaint_due_date}}.{{/if}}

If you are unhappy with our reply, you can complain to the Information Commissioner's Office (ICO): {{ico_contact}}.
)")};
    case LetterKind::kComplaintOutcome:
      return {"The outcome of your complaint: {{reference}}", WithSignOff(R"(Dear {{requester_name}}

We have looked into your {{complaint_kind}} about your request for personal information, which we received on {{complaint_received_date}}.

What you told us
{{complaint_summary}}

Our decision
{{complaint_outcome}}

Your rights
If you are unhappy with this outcome, you can complain to the Information Commissioner's Office (ICO): {{ico_contact}}. You also have the right to seek to enforce your right of access through the courts.
)")};
  }
  return {};
}

}  // namespace sardesk::letters
