-- The agent side of an exchange (ToolTrace as JSON): the request's tools, the conversation's tool
-- calls with their results, and the calls of the answer. Empty for an exchange without tools.
ALTER TABLE exchanges ADD COLUMN tool_trace TEXT NOT NULL DEFAULT '';
