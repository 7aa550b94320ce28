var roomId = location.pathname.split('/').pop();
var source = new EventSource('/rooms/' + roomId + '/stream');
source.onmessage = function (e) {
  var m = JSON.parse(e.data);
  var li = document.createElement('li');
  li.textContent = m.nickname + ': ' + m.body;
  document.getElementById('messages').appendChild(li);
};
