TOPIC = "metrics"
