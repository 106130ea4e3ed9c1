"""Clients for the Anthropic API as served by cloud platforms (Amazon Bedrock, Google Vertex AI, Microsoft
Foundry). Each lives in its own module so that importing one never imports another's SDK (botocore,
google-auth)."""
