from django.http import HttpResponse


def home(request):
    return HttpResponse("ok")


def set_language(request):
    return HttpResponse("ok")
