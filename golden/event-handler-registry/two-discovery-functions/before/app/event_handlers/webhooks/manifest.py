TOPIC = "webhooks"
