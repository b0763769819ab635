"""The data ethics committee: terms of reference, meetings, cases, hearings, advice and actions."""
