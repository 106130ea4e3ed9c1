"""Resource namespaces of the client (`client.messages`, `client.models`, `client.beta`, …)."""
