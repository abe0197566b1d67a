"""The people the learner deals with: customers' personas, the approver, identity."""
