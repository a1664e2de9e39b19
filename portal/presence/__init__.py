"""Who is away right now and who stands in for whom (regulation 4: work never stalls because
a post holder is out). Every area reads presence here; the leave and absence areas feed it."""
